// Prepares the migrated template databases once per test run (filled in by the db layer).
export default async function setup(): Promise<void> {}
