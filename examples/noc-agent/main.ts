/**
 * The reference NOC agent: `npm run demo` runs it offline against a simulated RouterOS device with a
 * scripted model; the same program drives a real device over SSH with a Bedrock model. It is the
 * template to copy: every Airlock primitive sits where a production tool would put it.
 */
import { describeFailure } from './errors.js';
import { EXIT } from './exit-codes.js';
import { helpText, parseFlags } from './flags.js';

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`noc-agent: ${describeFailure(e).line}\n`);
    return EXIT.configError;
  }
  if (parsed.help) {
    process.stdout.write(helpText());
    return EXIT.finished;
  }
  try {
    // Loaded only now, so `--help` and a bad flag answer at once without loading the SDKs.
    const { runNocAgent } = await import('./run.js');
    return await runNocAgent(parsed.config, {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
    });
  } catch (e) {
    if (process.env.NOC_AGENT_DEBUG === '1') console.error(e);
    const { code, line } = describeFailure(e);
    process.stderr.write(`noc-agent: ${line}\n`);
    return code;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = EXIT.runError;
  },
);
