// Where commands write: stdout for results, stderr for problems.
export type CommandIo = { out: (line: string) => void; err: (line: string) => void };

export const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
