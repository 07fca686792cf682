// Hazard colours on the phone, the same as the console's: 重大 red, states by how far the loop has got.
export const HAZARD_STATE_COLOR: Record<string, string> = {
  found: 'cyan', assigned: 'geekblue', rectifying: 'processing', rectified: 'purple', accepted: 'lime', closed: 'success', cancelled: 'default',
};
export const GRADE_COLOR: Record<string, string> = { major: 'red', ordinary: 'orange' };
