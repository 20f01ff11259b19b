/**
 * Runs one conversation's turns one after another. Teams may deliver a retry of a message while the first
 * delivery is still being handled; serialising per conversation (and checking the activity id afterwards)
 * turns that retry into a no-op instead of a second, interleaved turn over the same dialog state.
 * Across several bot instances the state's eTag and the case file's version check catch what this cannot.
 */
export class ConversationQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(conversationId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(conversationId, tail);
    void tail.then(() => {
      if (this.tails.get(conversationId) === tail) this.tails.delete(conversationId);
    });
    return result;
  }

  get pending(): number {
    return this.tails.size;
  }
}
