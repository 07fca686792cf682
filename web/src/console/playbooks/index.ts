export { PlaybooksPage } from './PlaybooksPage';
