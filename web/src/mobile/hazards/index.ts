// The phone's hazard inspection pages, routed by MobileApp under /hazards.
export { HazardPage } from './HazardPage';
export { HazardReportPage } from './HazardReportPage';
export { HazardsHomePage } from './HazardsHomePage';
