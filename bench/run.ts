// `npm run bench` runs every benchmark; today that is the reassessment sweep.
import './reassessment';
