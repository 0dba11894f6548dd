export type {
  KnowledgeCheckContent,
  LessonContent,
  LessonKind,
  LocalisedText,
  MaterialAudience,
  MaterialContent,
  MaterialFormat,
  ModuleContent,
  Problem,
  QuestionContent,
} from './types.js';
export { LESSON_KINDS, MATERIAL_AUDIENCES, MATERIAL_FORMATS } from './types.js';
export { LIMITS, REQUIRED_LANGUAGES, markdownProblems, validateModuleContent } from './validate.js';
export { CourseContentError, contentDir, loadCourseContent, readModuleFile } from './load.js';
export { localise, type LocalisedResult } from './localise.js';
export { COURSE_LANGUAGES, COURSE_MINIMUMS, COURSE_MODULES, courseProblems } from './minimums.js';
