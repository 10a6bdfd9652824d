import type { Clock } from '../../../src/runtime/clock.js';

/** A clock that moves only when told (`set`); timers due by then fire at once, in order. */
export class ManualClock implements Clock {
  private t: number;
  private timers: Array<{ at: number; fn: () => void }> = [];

  constructor(iso: string) {
    this.t = Date.parse(iso);
  }

  now(): number {
    return this.t;
  }

  setTimer(at: number, fn: () => void): () => void {
    const timer = { at, fn };
    this.timers.push(timer);
    return () => void (this.timers = this.timers.filter((x) => x !== timer));
  }

  /** Timers waiting (not fired, not cancelled). */
  pending(): number[] {
    return this.timers.map((x) => x.at);
  }

  set(iso: string): void {
    this.t = Date.parse(iso);
    const due = this.timers.filter((x) => x.at <= this.t).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const x of due) x.fn();
  }
}
