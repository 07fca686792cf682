// Passwords the test template is seeded with (the demo defaults).
export const TEST_PASSWORDS = { adminPassword: 'admin123', demoPassword: 'demo123' };
