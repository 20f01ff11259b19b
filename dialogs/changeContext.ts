import type { ChangeContext } from '../src/domain/caseFileOperations';
import type { FlowTurn } from '../src/bot/guidedFlow';

/** Who is changing what, and when, in the organisation's own time zone. */
export function changeContext<A>(turn: FlowTurn<A>): ChangeContext {
  const zone = turn.user.organisation.timeZone;
  return { actor: turn.user.actor, now: turn.services.clock().setZone(zone), zone };
}
