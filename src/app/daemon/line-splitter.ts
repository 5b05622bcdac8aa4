// Splits a byte stream into lines (newline-delimited JSON), refusing a line longer than a limit so a
// peer that never sends a newline cannot make the reader's memory grow.

import { StringDecoder } from "node:string_decoder";

export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";

  constructor(private readonly maxLineBytes: number) {}

  /** The complete lines in `chunk` (without their newline); "too-long" once the limit is passed. */
  push(chunk: Buffer): string[] | "too-long" {
    const text = this.pending + this.decoder.write(chunk);
    const lines = text.split("\n");
    this.pending = lines.pop() ?? "";
    if (Buffer.byteLength(this.pending) > this.maxLineBytes || lines.some((l) => Buffer.byteLength(l) > this.maxLineBytes)) return "too-long";
    return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l)).filter((l) => l.trim() !== "");
  }
}
