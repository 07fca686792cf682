// The console's hazard inspection pages, routed by ConsoleApp under /hazards.
export { ChecklistsPage } from './ChecklistsPage';
export { HazardDetailPage } from './HazardDetailPage';
export { HazardsPage } from './HazardsPage';
export { RoundDetailPage } from './RoundDetailPage';
export { RoundsPage } from './RoundsPage';
