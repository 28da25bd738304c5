/**
 * Bot Framework authentication that reuses its Connector clients. botbuilder's own builds a
 * new `ConnectorClient` (an HTTP pipeline with its policies) and a new user-token client
 * for every inbound request, about a tenth of the CPU a busy chat costs; the clients are
 * stateless apart from their credentials, so one per bot, service URL and audience serves
 * every request. Authentication itself is unchanged: every call is delegated.
 */
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';

/** Clients kept at most (one per service URL in practice). */
const MAX_CLIENTS = 64;

/** A map that keeps a resolved promise, forgets a rejected one, and stays under `MAX_CLIENTS`. */
function remember<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit) return hit;
  const made = make();
  cache.set(key, made);
  made.catch(() => cache.delete(key));
  if (cache.size > MAX_CLIENTS) cache.delete(cache.keys().next().value!);
  return made;
}

/** The bot a claims identity speaks for (audience and app id claims). */
function botOf(claims: ClaimsIdentity): string {
  return `${claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? ''}|${claims.getClaimValue(AuthenticationConstants.AppIdClaim) ?? ''}`;
}

/** A connector factory whose clients are shared. */
class SharedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly bot: string,
    private readonly cache: Map<string, Promise<ConnectorClient>>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return remember(this.cache, `${this.bot}|${serviceUrl}|${audience ?? ''}`, () =>
      this.inner.create(serviceUrl, audience),
    );
  }
}

/** `inner`, with shared Connector and user-token clients. */
export class CachedConnectorsAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  private shared(result: AuthenticateRequestResult): AuthenticateRequestResult {
    return result.connectorFactory
      ? {
          ...result,
          connectorFactory: new SharedConnectorFactory(
            result.connectorFactory,
            botOf(result.claimsIdentity),
            this.connectors,
          ),
        }
      : result;
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.shared(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.shared(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new SharedConnectorFactory(
      this.inner.createConnectorFactory(claimsIdentity),
      botOf(claimsIdentity),
      this.connectors,
    );
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return remember(this.tokenClients, botOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
