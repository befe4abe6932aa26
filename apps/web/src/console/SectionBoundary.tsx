import { Component, type ReactNode } from 'react';
import { describeError } from '../session.tsx';

interface State {
  error: unknown;
}

/**
 * A section that cannot be shown says so, instead of leaving the page blank: its chunk did not
 * load (the server out of reach, or upgraded since this page was opened, so the old chunk's
 * name is gone), or the page failed while rendering. Reloading fetches the current build.
 */
export class SectionBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error ?? new Error('unknown error') };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <section role="alert" className="error">
        <h2>This page could not be shown</h2>
        <p>{describeError(this.state.error)}</p>
        <p>
          Guestlist may be out of reach, or was upgraded since this page was opened.{' '}
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </p>
      </section>
    );
  }
}
