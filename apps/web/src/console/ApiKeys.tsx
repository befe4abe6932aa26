import { EmptyState } from '../ui/EmptyState.tsx';

export function ApiKeys() {
  return (
    <section aria-labelledby="page-title">
      <h2 id="page-title">ApiKeys</h2>
      <EmptyState title="Not built yet">Use the REST API meanwhile.</EmptyState>
    </section>
  );
}
