/** Where CLI commands write: stdout and stderr in production, arrays in tests. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/** The process's own output. */
export const processOutput: CliOutput = {
  log: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};
