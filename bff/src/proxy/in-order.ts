import type { IncomingMessage, ServerResponse } from 'node:http';

export type Next = (error?: unknown) => void;
/** A middleware that needs nothing from Express: usable on the /api path and in an Express app alike. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: Next) => unknown;

/**
 * Runs handlers one after another, Express 5 style: next(error) ends the run with that error,
 * and so does a thrown error or a rejected promise. `done` gets the error, or nothing when every
 * handler passed the request on.
 */
export function inOrder(...handlers: NodeHandler[]) {
  return function runInOrder(req: IncomingMessage, res: ServerResponse, done: Next): void {
    let index = 0;
    const next: Next = (error) => {
      if (error) return done(error);
      const handler = handlers[index++];
      if (!handler) return done();
      try {
        const result = handler(req, res, next);
        if (result instanceof Promise) result.catch(next);
      } catch (thrown) {
        next(thrown ?? new Error('a handler threw a nullish value'));
      }
    };
    next();
  };
}
