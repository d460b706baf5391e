import './lab.css';

/** The Filter Lab workspace (built out in its own module). */
export function FilterLab() {
  return <main className="filter-lab" data-testid="filter-lab" />;
}
