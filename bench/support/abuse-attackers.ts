import { ALIAS_ATTACK_BODY } from './alias-attack';
import { timedRun, timedToJson } from './timed-run';

/**
 * The attackers of the abuse benchmark in a process of their own, so that sending 31 KB bodies as fast as the hub
 * answers does not delay the normal client's own timing: `abuse-attackers.ts <url> <seconds> <key>...`; prints
 * the timed run as one JSON line.
 */
async function main(): Promise<void> {
  const [url, seconds, ...keys] = process.argv.slice(2);
  if (!url || !seconds || keys.length === 0) throw new Error('usage: abuse-attackers.ts <url> <seconds> <key>...');
  process.stdout.write(`${timedToJson(await timedRun(url, keys, ALIAS_ATTACK_BODY, Number(seconds)))}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`abuse-attackers failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
