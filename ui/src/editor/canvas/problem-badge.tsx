import type { Problem } from '../../workflow/graph-validation.ts';

export function ProblemBadge({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return null;
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const text = problems.map((problem) => problem.message).join('\n');
  return (
    <span
      className={`problem-badge ${errors > 0 ? 'is-error' : 'is-warning'}`}
      title={text}
      role="img"
      aria-label={`${problems.length} problem${problems.length > 1 ? 's' : ''}: ${text}`}
      data-testid="problem-badge"
    >
      {errors > 0 ? '!' : '?'}
      {problems.length > 1 && <sup>{problems.length}</sup>}
    </span>
  );
}
