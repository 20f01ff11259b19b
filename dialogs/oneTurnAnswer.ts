import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { sendPrompt, type Prompt, type StartTurn } from '../src/bot/guidedFlow';
import { getUserContext } from '../src/bot/userContext';
import type { CommandId } from '../src/domain/commandIds';
import type { Services } from '../src/services';

/** What a one-turn answer gets: the usual turn, plus whether a command is installed (for fix buttons). */
export type AnswerTurn = StartTurn & { hasCommand(id: CommandId): boolean };

/**
 * A question answered in the same turn it is asked: it replies and ends at once, so it keeps no state and
 * never interrupts a guided flow the user may start next.
 */
export class OneTurnAnswer extends Dialog<Record<string, unknown>> {
  constructor(
    id: string,
    private readonly services: Services,
    private readonly answer: (turn: AnswerTurn, options: Record<string, unknown>) => Promise<Prompt>,
  ) {
    super(id);
  }

  override async beginDialog(dc: DialogContext, options?: Record<string, unknown>): Promise<DialogTurnResult> {
    const turn: AnswerTurn = {
      context: dc.context,
      services: this.services,
      user: getUserContext(dc.context),
      // Commands are registered with the conversation router under their own ids, so a fix button is offered only
      // for a flow that this installation actually has.
      hasCommand: (id) => dc.dialogs.find(id) !== undefined,
    };
    await sendPrompt(dc.context, await this.answer(turn, options ?? {}));
    return dc.endDialog();
  }
}
