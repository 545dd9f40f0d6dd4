export { closestName, closestNames, didYouMean, editDistance } from './closest-names';
export { firstLine, tailLines, trimMiddle, truncate } from './excerpts';
