import { router } from '../../trpc.ts';
import { createGroup } from './create.ts';
import { deleteGroup } from './delete.ts';
import { getGroup } from './get.ts';
import { listGroups } from './list.ts';
import { updateGroup } from './update.ts';

export const groupsRouter = router({
  list: listGroups,
  create: createGroup,
  get: getGroup,
  update: updateGroup,
  delete: deleteGroup,
});
