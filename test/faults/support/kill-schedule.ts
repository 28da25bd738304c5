/**
 * SIGKILLs at random moments, shared by the fault cases that kill processes of a cluster: a
 * number of kills spread over a few chats, each kill after a random pause, of a process that
 * is up, which is started again at once (the next kill does not wait for it to be ready, so
 * twenty kills fit in a few chats even on a busy machine).
 */
import type { ProcessCluster } from './process-cluster.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills a random process that is up `quota` times (0.8 to 3.3 s apart) and restarts it, until `ended()`. */
export async function killAtRandom(cluster: ProcessCluster, ended: () => boolean, quota: number, random: () => number): Promise<void> {
  const restarts: Promise<void>[] = [];
  for (let done = 0; done < quota && !ended(); ) {
    await sleep(800 + random() * 2500);
    const up = cluster.readySlots();
    if (ended()) break;
    if (up.length === 0) continue;
    const slot = up[Math.floor(random() * up.length)]!;
    await cluster.kill(slot);
    restarts.push(cluster.start(slot));
    done++;
  }
  await Promise.all(restarts);
}

/**
 * Runs `chats` chats in a row with `kills` kills spread over them (what one chat did not use
 * goes to the next); returns each chat's result.
 */
export async function chatsWithKills<R extends { kills: number }>(kills: number, chats: number, random: () => number, runChat: (disrupt: (cluster: ProcessCluster, ended: () => boolean) => Promise<void>) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let done = 0;
  for (let chat = 0; chat < chats; chat++) {
    const quota = Math.ceil((kills - done) / (chats - chat));
    const result = await runChat((cluster, ended) => killAtRandom(cluster, ended, quota, random));
    done += result.kills;
    results.push(result);
  }
  return results;
}
