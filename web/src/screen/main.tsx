import { mountFace } from '../shared/face-root';
import { UserMenu } from '../shared/FaceHeader';
import en from './i18n/en.json';
import zh from './i18n/zh-CN.json';

// Placeholder until the big screen lands: proves the face mounts behind the session.
mountFace({ face: { 'zh-CN': zh, en }, permission: 'evaluation:read', dark: true, render: () => <UserMenu dark /> });
