/**
 * SIGKILLs at random moments, shared by the fault cases that kill processes of a cluster: a
 * number of kills spread over a few chats, each kill after a random pause, the killed process
 * started again at once (the next pause begins once it is ready). On a busy machine restarts
 * are slow and a chat may end before its share of kills: the rest goes to the next chat, and
 * the table says how many kills there were.
 */
import type { ProcessCluster } from './process-cluster.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills a random process `quota` times (0.8 to 3.3 s apart) and restarts it, until `ended()`. */
export async function killAtRandom(
  cluster: ProcessCluster,
  ended: () => boolean,
  quota: number,
  random: () => number,
): Promise<void> {
  for (let done = 0; done < quota && !ended(); done++) {
    await sleep(800 + random() * 2500);
    if (ended()) break;
    const slot = Math.floor(random() * cluster.size);
    await cluster.kill(slot);
    await cluster.start(slot);
  }
}

/**
 * Runs `chats` chats in a row with `kills` kills spread over them (what one chat did not use
 * goes to the next); returns each chat's result.
 */
export async function chatsWithKills<R extends { kills: number }>(
  kills: number,
  chats: number,
  random: () => number,
  runChat: (disrupt: (cluster: ProcessCluster, ended: () => boolean) => Promise<void>) => Promise<R>,
): Promise<R[]> {
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
