import { ChildProcess, spawn } from 'node:child_process';

/** A child process started for local development or tests, stopped with the parent. */
export class LocalProcess {
  private exited: Promise<void>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static start(name: string, command: string, args: string[], readyPattern: RegExp, timeoutMs = 15000): Promise<LocalProcess> {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const proc = new LocalProcess(name, child);
    return new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error(`${name} did not become ready in ${timeoutMs} ms: ${output.slice(-500)}`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (readyPattern.test(output)) {
          clearTimeout(timer);
          resolve(proc);
        }
      };
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(error);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('error', (error) => fail(new Error(`${name} could not be started (${command}): ${error.message}`)));
      child.once('exit', (code) => fail(new Error(`${name} exited with code ${code}: ${output.slice(-500)}`)));
    });
  }

  async stop(timeoutMs = 5000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
