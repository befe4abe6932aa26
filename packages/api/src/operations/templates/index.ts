import { router } from '../../trpc.ts';
import { deleteTemplate } from './delete.ts';
import { getTemplate } from './get.ts';
import { previewTemplate } from './preview.ts';
import { putTemplate } from './put.ts';

export const templatesRouter = router({
  get: getTemplate,
  put: putTemplate,
  delete: deleteTemplate,
  preview: previewTemplate,
});
