import { type KnownWords, messageWords, type Words } from '../refusal-words.js';

/**
 * What a video-conference report import says (libs/vc-reports' warnings, the importer's
 * notes on the meeting, the reasons a participant awaits review), in the viewer's words.
 * The parser and the importer word them in English for the API; these are their stable
 * shapes. One not known here keeps a general sentence with the English beside.
 */
const REPORT: KnownWords[] = [
  { when: /^line not understood; ignored$/, key: 'vcWords.lineIgnored' },
  { when: /^dates disagree on whether the day or the month comes first; read as (\w+)$/, names: ['order'], key: 'vcWords.datesDisagree' },
  { when: /^dates are written (\w+) \(a part above 12 shows it\), not (\w+)$/, names: ['order', 'asked'], key: 'vcWords.datesWritten' },
  { when: /^row skipped: "(.+)" is empty$/, names: ['column'], key: 'vcWords.timeEmpty' },
  { when: /^meeting start not read: /, key: 'vcWords.meetingStartUnread', keepDetail: true },
  { when: /^meeting end not read: /, key: 'vcWords.meetingEndUnread', keepDetail: true },
  { when: /^row skipped: "([^"]+)": /, names: ['column'], key: 'vcWords.timeUnread', keepDetail: true },
  { when: /^"([^"]+)": the local time does not exist in (\S+) /, names: ['column', 'zone'], key: 'vcWords.timeGap' },
  { when: /^row skipped: it leaves before it joins$/, key: 'vcWords.leavesBeforeJoining' },
  { when: /^column "(.*)" was not recognised and is ignored$/, names: ['column'], key: 'vcWords.columnUnknown' },
  { when: /^column "(.*)" means the same as "(.*)" \(\w+\); only "(?:.*)" is read$/, names: ['column', 'first'], key: 'vcWords.columnTwice' },
  { when: /^row skipped: it has no name$/, key: 'vcWords.noName' },
  { when: /^row skipped: it has neither a name nor an e-mail$/, key: 'vcWords.noNameNorEmail' },
  { when: /^row skipped: action "(.*)" is neither Joined nor Left$/, names: ['action'], key: 'vcWords.action' },
  { when: /^the legacy attendance list does not say who organised the meeting/, key: 'vcWords.legacyNoOrganiser' },
  { when: /^(.+) left without having joined; counted from the meeting start$/, names: ['name'], key: 'vcWords.leftUnjoined' },
  { when: /^(.+) never left; counted until the meeting end$/, names: ['name'], key: 'vcWords.neverLeft' },
  { when: /^intervals and minutes come from the per-join rows of the In-Meeting Activities section$/, key: 'vcWords.fromActivities' },
  { when: /^no In-Meeting Activities section: /, key: 'vcWords.noActivities' },
  { when: /^no participant has the role Organizer$/, key: 'vcWords.noOrganizer' },
  { when: /^"(.*)" "(.*)" is not a duration$/, names: ['column', 'value'], key: 'vcWords.notDuration' },
  { when: /^(.+) is listed twice; the rows are combined$/, names: ['name'], key: 'vcWords.listedTwice' },
  { when: /^(.+) appears only in the In-Meeting Activities section$/, names: ['name'], key: 'vcWords.onlyActivities' },
  { when: /^only the first row of the meeting block is read$/, key: 'vcWords.firstMeetingRow' },
  { when: /^the organiser (\S+) is not among the participants$/, names: ['email'], key: 'vcWords.organiserAbsent' },
  { when: /^the report does not name the organiser/, key: 'vcWords.organiserUnnamed' },
  // The importer's notes on the meeting.
  { when: /^the meeting in the report took place on (\S+) but the session is on (\S+) \((\S+)\)/, names: ['reportDay', 'sessionDay', 'zone'], key: 'vcWords.otherDay' },
  { when: /^the session has no end time: its length is taken from the report \((\d+) minutes\)$/, names: ['minutes'], key: 'vcWords.lengthFromReport' },
  { when: /^the session has no end time and the report gives no meeting length/, key: 'vcWords.noLength' },
  { when: /^(.+): already (?:\w+) on the review list; left as it is$/, names: ['name'], key: 'vcWords.alreadyReviewed' },
  // Why a participant awaits review (libs/attendance vc-matching).
  { when: /^the e-mail is that of a learner of this programme who is not enrolled in (\S+)$/, names: ['module'], key: 'vcWords.emailNotInModule' },
  { when: /^the name is that of a learner of this programme who is not enrolled in (\S+)$/, names: ['module'], key: 'vcWords.nameNotInModule' },
  { when: /^the e-mail (\S+) is not that of a learner enrolled in this programme$/, names: ['email'], key: 'vcWords.emailNotEnrolled' },
  { when: /^no e-mail in the report and no enrolled learner is named "(.*)"$/, names: ['name'], key: 'vcWords.noEmailNoName' },
  { when: /^the e-mail (\S+) is unknown and no enrolled learner is named "(.*)"$/, names: ['email', 'name'], key: 'vcWords.unknownEmailNoName' },
  { when: /^no e-mail in the report and (\d+) enrolled learners are named "(.*)"; assign by hand$/, names: ['n', 'name'], key: 'vcWords.noEmailSeveral' },
  { when: /^the e-mail (\S+) is unknown and (\d+) enrolled learners are named "(.*)"; assign by hand$/, names: ['email', 'n', 'name'], key: 'vcWords.unknownEmailSeveral' },
];

/** One warning, note or review reason of a report import, as words. */
export const reportWords = (message: string): Words => messageWords(message, REPORT, 'vcWords.other');
