/**
 * What each session detail means, in the one-line definitions DEX Case Management gives staff beside the
 * fields (Social Planet's DEX CM guide "Add clients and sessions"), so the card says what is being asked.
 */
export const SESSION_DETAIL_DEFINITIONS = {
  serviceTypeId: 'The main focus for a session of service delivered.',
  serviceSettingCode: 'The location where services are provided.',
  topicCode: 'The reason why a client is accessing a service.',
  hardshipTypeCode: 'The client’s primary cause of difficulty or concern.',
  referralDestinationCode: 'The client’s referral to another service.',
} as const;

export function sessionDetailDefinition(field: string): string | undefined {
  return (SESSION_DETAIL_DEFINITIONS as Record<string, string>)[field];
}
