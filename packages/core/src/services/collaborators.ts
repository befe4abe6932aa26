// The statement lives in the namespace repository; this path stays for the modules that import it.
export { roleIn } from '../repositories/namespaces.ts';
