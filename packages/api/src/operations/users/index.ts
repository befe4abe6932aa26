import { router } from '../../trpc.ts';
import { getUser } from './get.ts';
import { listUsers, listUsersRest } from './list.ts';
import { updateUser } from './update.ts';

export const usersRouter = router({ list: listUsers, get: getUser, update: updateUser });

/** Spellings only REST has, served beside the router's procedures (see `restRouter`). */
export const usersRestSpellings = { usersList: listUsersRest };
