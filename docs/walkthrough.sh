#!/usr/bin/env bash
# From a fresh `npm start` to certificates that verify: Completion and Attendance for
# TIRANA-2023, a Trainer certificate for a digital rights champion, and a learner's own view.
# Run it from the repository root: `bash docs/walkthrough.sh` (needs bash, curl and node).
set -euo pipefail
API=${API:-http://localhost:3000}   # where `npm start` listens (PORT)
DATA_DIR=${DATA_DIR:-.data}         # the DATA_DIR of that `npm start`: invitations land in its outbox/
SAMPLES=docs/samples
[ -f "$SAMPLES/walkthrough-attendance.csv" ] || { echo "run this from the repository root" >&2; exit 1; }
command -v curl >/dev/null || { echo "the walk-through needs curl (Debian: apt-get install curl)" >&2; exit 1; }

# call CURL-ARGS...: curl that prints the answer, and fails with the answer on stderr for HTTP >= 400
call() {
  local answer status
  answer=$(curl -sS -w '\n%{http_code}' "$@")
  status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  if [ "$status" -ge 400 ]; then echo "HTTP $status: $answer" >&2; return 1; fi
  printf '%s\n' "$answer"
}
# json EXPRESSION: reads JSON from stdin as `it` and prints the JavaScript EXPRESSION's value
# (text as it is, anything else as JSON); fails when there is no input or no such value
json() {
  node -e '
    let input = "";
    process.stdin.on("data", (chunk) => (input += chunk)).on("end", () => {
      if (input.trim() === "") process.exit(1); // the request before this failed and said why
      let value;
      try {
        value = new Function("it", `return (${process.argv[1]});`)(JSON.parse(input));
      } catch (err) {
        console.error(`${process.argv[1]}: ${err.message} in ${input.slice(0, 500)}`);
        process.exit(1);
      }
      if (value === undefined || value === null || value === "") {
        console.error(`nothing for ${process.argv[1]} in ${input.slice(0, 500)}`);
        process.exit(1);
      }
      console.log(typeof value === "string" ? value : JSON.stringify(value));
    });' "$1"
}
CT_JSON='content-type: application/json'

echo '== Log in as the seeded administrator of Tirana'
ADMIN_TOKEN=$(call -X POST "$API/api/auth/login" -H "$CT_JSON" \
  -d '{"email": "admin@tirana.example", "password": "academy-admin-2023"}' | json it.accessToken)
AUTH="Authorization: Bearer $ADMIN_TOKEN"

echo '== The seeded programme TIRANA-2023 and its four modules'
PROGRAMME_ID=$(call "$API/api/programmes" -H "$AUTH" | json 'it.find((p) => p.code === "TIRANA-2023").id')
call "$API/api/programmes/$PROGRAMME_ID" -H "$AUTH" | json 'it.modules.map((m) => m.code).join(" ")'

echo '== Import attendance: five people, one row per person and session (text/csv, or multipart field "file")'
call -X POST "$API/api/programmes/$PROGRAMME_ID/attendance/import" -H "$AUTH" \
  -H 'content-type: text/csv' --data-binary @"$SAMPLES/walkthrough-attendance.csv"
# New learners are mailed an invitation: without SMTP_URL, as files in $DATA_DIR/outbox.

echo '== Correct one record: Ilir Gashi missed DHR-PRIVACY but came to the make-up session'
SESSION_ID=$(call "$API/api/programmes/$PROGRAMME_ID/sessions" -H "$AUTH" \
  | json 'it.find((s) => s.moduleCode === "DHR-PRIVACY").id')
USER_ID=$(call "$API/api/sessions/$SESSION_ID/attendance" -H "$AUTH" \
  | json 'it.find((a) => a.email === "ilir.gashi@tirana.example").userId')
call -X PUT "$API/api/sessions/$SESSION_ID/attendance/$USER_ID" -H "$AUTH" -H "$CT_JSON" \
  -d '{"status": "present", "minutes": 80, "reason": "make-up session"}'
# The correction is audited: who, when, before and after.
call "$API/api/sessions/$SESSION_ID/attendance/$USER_ID/history" -H "$AUTH" \
  | json 'it.map((h) => `${h.action} by ${h.by}: ${JSON.stringify(h.before)} -> ${JSON.stringify(h.after)}`).join("\n")'

echo '== Dry run: what each learner would get if the programme closed now, and why'
call "$API/api/programmes/$PROGRAMME_ID/dry-run" -H "$AUTH" \
  | json 'it.map((d) => `${d.learnerName}: ${d.explanation.at(-1)}`).join("\n")'

echo '== Statistics'
call "$API/api/programmes/$PROGRAMME_ID/stats" -H "$AUTH"

echo '== Close: the worker decides and renders the certificates'
call -X POST "$API/api/programmes/$PROGRAMME_ID/close" -H "$AUTH"   # 202, answers at once
# wait_for_certificates PROGRAMME_ID: polls close-status until nothing is pending (at most a minute)
wait_for_certificates() {
  local progress
  for _ in $(seq 120); do
    progress=$(call "$API/api/programmes/$1/close-status" -H "$AUTH")
    if [ "$(json it.pending <<<"$progress")" = 0 ]; then echo "$progress"; return; fi
    sleep 0.5
  done
  echo "certificates still pending after a minute: $progress" >&2
  return 1
}
wait_for_certificates "$PROGRAMME_ID"

echo '== Certificates (pages of up to 1000: the total is in X-Total-Count, the next page in the Link header)'
CERTIFICATES=$(call "$API/api/programmes/$PROGRAMME_ID/certificates?perPage=1000" -H "$AUTH")
json 'it.map((c) => `${c.code}  ${c.kind}  ${c.learnerName}`).join("\n")' <<<"$CERTIFICATES"
COMPLETION_CODE=$(json 'it.find((c) => c.kind === "completion").code' <<<"$CERTIFICATES")
ATTENDANCE_CODE=$(json 'it.find((c) => c.kind === "attendance").code' <<<"$CERTIFICATES")

echo '== A Trainer certificate: a champion, a rule set of the city, a programme with the train-the-trainer module'
CHAMPION_ID=$(call -X POST "$API/api/users" -H "$AUTH" -H "$CT_JSON" \
  -d '{"email": "elira.dervishi@tirana.example", "name": "Elira Dervishi", "role": "trainer", "department": "Directorate of Innovation"}' \
  | json it.id)
call -X POST "$API/api/rule-sets" -H "$AUTH" -H "$CT_JSON" \
  --data-binary @"$SAMPLES/tirana-champions-2023.rule-set.json" | json '`${it.id} version ${it.version}`'
CHAMPIONS_ID=$(call -X POST "$API/api/programmes" -H "$AUTH" -H "$CT_JSON" \
  -d '{"code": "TIRANA-CHAMPIONS-2023", "title": "Digital rights champions of Tirana", "moduleCodes": ["DHR-TOT", "DHR-PRIVACY"],
       "ruleSet": "tirana-champions-2023", "periodStart": "2023-04-01", "periodEnd": "2023-06-30",
       "languages": ["sq", "en"], "timezone": "Europe/Tirane"}' | json it.id)
call -X POST "$API/api/programmes/$CHAMPIONS_ID/enrolments" -H "$AUTH" -H "$CT_JSON" -d "{\"userId\": \"$CHAMPION_ID\"}"
# She attends the train-the-trainer module ...
TOT_SESSION_ID=$(call -X POST "$API/api/programmes/$CHAMPIONS_ID/sessions" -H "$AUTH" -H "$CT_JSON" \
  -d '{"moduleCode": "DHR-TOT", "startsAt": "2023-04-18T09:00:00+02:00", "endsAt": "2023-04-18T16:00:00+02:00", "mode": "in-person"}' \
  | json it.id)
call -X PUT "$API/api/sessions/$TOT_SESSION_ID/attendance/$CHAMPION_ID" -H "$AUTH" -H "$CT_JSON" -d '{"status": "present"}'
# ... co-facilitates one session of the privacy deep dive, then leads the next one.
CO_SESSION_ID=$(call -X POST "$API/api/programmes/$CHAMPIONS_ID/sessions" -H "$AUTH" -H "$CT_JSON" \
  -d '{"moduleCode": "DHR-PRIVACY", "startsAt": "2023-05-09T10:00:00+02:00", "endsAt": "2023-05-09T11:30:00+02:00"}' | json it.id)
call -X POST "$API/api/sessions/$CO_SESSION_ID/trainers" -H "$AUTH" -H "$CT_JSON" \
  -d "{\"userId\": \"$CHAMPION_ID\", \"role\": \"co-facilitator\"}" | json 'it.trainers'
LED_SESSION_ID=$(call -X POST "$API/api/programmes/$CHAMPIONS_ID/sessions" -H "$AUTH" -H "$CT_JSON" \
  -d '{"moduleCode": "DHR-PRIVACY", "startsAt": "2023-06-06T10:00:00+02:00", "endsAt": "2023-06-06T11:30:00+02:00"}' | json it.id)
call -X POST "$API/api/sessions/$LED_SESSION_ID/trainers" -H "$AUTH" -H "$CT_JSON" \
  -d "{\"userId\": \"$CHAMPION_ID\", \"role\": \"lead\"}" | json 'it.trainers'
call "$API/api/users/$CHAMPION_ID/trainer-record" -H "$AUTH"
call -X POST "$API/api/programmes/$CHAMPIONS_ID/close" -H "$AUTH"
wait_for_certificates "$CHAMPIONS_ID"
TRAINER_CODE=$(call "$API/api/programmes/$CHAMPIONS_ID/certificates" -H "$AUTH" \
  | json 'it.find((c) => c.kind === "trainer").code')

echo '== A learner: Arta Hoxha accepts the invitation from her mail and sees her own records'
for _ in $(seq 60); do
  MAIL_FILE=$(ls -t "$DATA_DIR"/outbox/*-arta.hoxha@tirana.example.eml 2>/dev/null | head -n 1 || true)
  [ -n "$MAIL_FILE" ] && break
  sleep 0.5
done
[ -n "$MAIL_FILE" ] || { echo "no invitation for arta.hoxha@tirana.example in $DATA_DIR/outbox" >&2; exit 1; }
# The mail is quoted-printable: join its soft line breaks ("=" at the end of a line), then read the token.
INVITATION_TOKEN=$(node -e '
  const mail = require("fs").readFileSync(process.argv[1], "utf8").replace(/=\r?\n/g, "");
  console.log(/"token": "([^"]+)"/.exec(mail)[1]);' "$MAIL_FILE")
LEARNER_TOKEN=$(call -X POST "$API/api/auth/accept-invitation" -H "$CT_JSON" \
  -d "{\"token\": \"$INVITATION_TOKEN\", \"password\": \"arta-chooses-a-long-password\"}" | json it.accessToken)
LEARNER_AUTH="Authorization: Bearer $LEARNER_TOKEN"
call "$API/api/me/programmes" -H "$LEARNER_AUTH" \
  | json 'it.map((p) => `${p.code}: ${p.modulesAttended} modules attended; ${p.decision.explanation.at(-1)}`).join("\n")'
MY_CERTIFICATES=$(call "$API/api/me/certificates" -H "$LEARNER_AUTH")
json 'it.map((c) => `${c.code}  ${c.kind}  ${c.status}  ${c.verifyUrl}`).join("\n")' <<<"$MY_CERTIFICATES"
CERT_ID=$(json 'it[0].id' <<<"$MY_CERTIFICATES")
PDF_FILE="$DATA_DIR/walkthrough-certificate.pdf"
call -o "$PDF_FILE" "$API/api/certificates/$CERT_ID/pdf" -H "$LEARNER_AUTH" >/dev/null
[ "$(head -c 5 "$PDF_FILE")" = '%PDF-' ] || { echo "$PDF_FILE is not a PDF" >&2; exit 1; }
echo "PDF saved to $PDF_FILE ($(wc -c <"$PDF_FILE") bytes)"

echo '== Public verification, no token: one certificate of each kind'
for CODE in "$COMPLETION_CODE" "$ATTENDANCE_CODE" "$TRAINER_CODE"; do
  VERIFICATION=$(call "$API/api/certificates/verify/$CODE")
  [ "$(json it.status <<<"$VERIFICATION")" = valid ] || { echo "$CODE does not verify: $VERIFICATION" >&2; exit 1; }
  call -o /dev/null "$API/verify/$CODE" >/dev/null   # the page the QR code opens
  echo "Verified $CODE: $VERIFICATION"
done
