import { ConflictError } from './errors.ts';

/** A transition table: for each state, the actions allowed and the state each leads to. */
export type TransitionTable<S extends string, A extends string> = Readonly<Record<S, Partial<Record<A, S>>>>;

/** An explicit finite state machine over a transition table; services enforce it on every command. */
export class StateMachine<S extends string, A extends string> {
  readonly name: string;
  private readonly table: TransitionTable<S, A>;

  constructor(name: string, table: TransitionTable<S, A>) {
    this.name = name;
    this.table = table;
  }

  can(from: S, action: A): boolean {
    return Object.hasOwn(this.table, from) && Object.hasOwn(this.table[from], action);
  }

  /** The state after `action`, or a ConflictError (409) naming the current state. */
  next(from: S, action: A): S {
    const to = this.can(from, action) ? this.table[from][action] : undefined;
    if (to === undefined) {
      throw new ConflictError(`${this.name} in state '${from}' cannot '${action}'`, 'invalid_transition');
    }
    return to;
  }

  actionsFrom(from: S): A[] {
    return Object.keys(this.table[from] ?? {}) as A[];
  }
}
