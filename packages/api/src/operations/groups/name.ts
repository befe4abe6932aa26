import { z } from 'zod';

/** A group's name, as create and update take it. */
export const GroupName = z.string().trim().min(1).max(100);
