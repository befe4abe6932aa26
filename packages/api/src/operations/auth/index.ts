import { router } from '../../trpc.ts';
import { login } from './login.ts';
import { logout } from './logout.ts';
import { register } from './register.ts';

export const authRouter = router({ register, login, logout });
