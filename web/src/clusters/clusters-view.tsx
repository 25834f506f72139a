// The clusters view: points on the left (source, algorithm), the plot, table and elbow chart on the right.
import { AlgorithmPanel } from './algorithm-panel';
import { ClusterResults } from './cluster-results';
import { problem } from './clusters-state';
import { ElbowPanel } from './elbow-panel';
import { SourcePanel } from './source-panel';

export function ClustersView() {
  return (
    <>
      <h1>Cluster points</h1>
      <p class="intro">K-Means, Mini-Batch K-Means and Mean Shift with scikit-learn's semantics, computed in the Worker.</p>
      {problem.value && (
        <p class="message error" role="alert" data-testid="cluster-error">
          <strong>Could not finish.</strong> {problem.value}
        </p>
      )}
      <div class="grid sidebar">
        <div class="stack">
          <SourcePanel />
          <AlgorithmPanel />
        </div>
        <div class="stack">
          <ClusterResults />
          <ElbowPanel />
        </div>
      </div>
    </>
  );
}
