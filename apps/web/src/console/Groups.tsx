import { EmptyState } from '../ui/EmptyState.tsx';

export function Groups() {
  return (
    <section aria-labelledby="page-title">
      <h2 id="page-title">Groups</h2>
      <EmptyState title="Not built yet">Use the REST API meanwhile.</EmptyState>
    </section>
  );
}
