import { router } from '../../trpc.ts';
import { login } from './login.ts';
import { logout } from './logout.ts';
import { requestPasswordReset } from './password-reset.ts';
import { resetPassword } from './password-reset-confirm.ts';
import { register } from './register.ts';
import { verifyEmail } from './verify-email.ts';

export const authRouter = router({
  register,
  login,
  logout,
  verifyEmail,
  requestPasswordReset,
  resetPassword,
});
