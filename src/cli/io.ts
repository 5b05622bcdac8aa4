// The streams and working directory a command uses, injected so tests can run commands in-process.

export interface CliIo {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  cwd: process.cwd(),
  out: (text) => void process.stdout.write(text.endsWith("\n") ? text : text + "\n"),
  err: (text) => void process.stderr.write(text.endsWith("\n") ? text : text + "\n"),
};
