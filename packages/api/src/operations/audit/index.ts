import { router } from '../../trpc.ts';
import { listAudit, listAuditRest } from './list.ts';

export const auditRouter = router({ list: listAudit });

/** Spellings only REST has, served beside the router's procedures (see `restRouter`). */
export const auditRestSpellings = { auditList: listAuditRest };
