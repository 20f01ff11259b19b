import { DateTime } from 'luxon';
import { performance } from 'node:perf_hooks';
import { checkReadiness } from '../src/domain/readiness';
import { caseFileStatus } from '../src/domain/caseFileStatus';
import { summariseCaseFile } from '../src/domain/caseFileSummary';
import { CaseFileSchema } from '../src/domain/caseFile';
import { loadReferenceData } from '../src/domain/referenceData';
const ZONE='Australia/Sydney';
const NOW = DateTime.fromISO('2025-12-20T10:00', { zone: ZONE });
const ACTOR = { userId: 'b', name: 'B' };
const ids = Array.from({length:30},(_,i)=>`C${i}`);
const cf:any = { organisationId:'org-x', caseFileId:'cf', caseId:'CF-1', name:'x', overview:'', outletActivityId:10421, clientAttendanceProfileCode:'PSGROUP', totalUnidentifiedClients:0,
 clients: ids.map(c=>({clientId:c, referralSourceCode:'SELF', reasons:[{code:'COMMUNITY',isPrimary:true}], addedAt:NOW.toISO(), addedBy:ACTOR})),
 sessions: Array.from({length:500},(_,i)=>({sessionId:`S-${i}`, startsAt: NOW.minus({hours:i*8}).toISO(), durationMinutes:90, unidentifiedParticipants:1, details:{serviceTypeId:352}, participants: ids.map(c=>({clientId:c, participationCode:'CLIENT', referrals:[]}))})),
 transfers:[], audit:[], createdAt:NOW.toISO(), createdBy:ACTOR, updatedAt:NOW.toISO(), updatedBy:ACTOR, version:1 };
const ref = loadReferenceData();
for (let k=0;k<5;k++){
let t=performance.now(); const p = CaseFileSchema.parse(cf); const a=performance.now()-t;
t=performance.now(); checkReadiness(p,{referenceData:ref, now:NOW}); const b=performance.now()-t;
t=performance.now(); caseFileStatus(p,{}); const c=performance.now()-t;
t=performance.now(); summariseCaseFile(p); const d=performance.now()-t;
console.log({parse:a.toFixed(1), readiness:b.toFixed(1), status:c.toFixed(1), summary:d.toFixed(1)});
}
