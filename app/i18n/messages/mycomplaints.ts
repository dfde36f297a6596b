import { defineMessages_ } from "../define";

// app/routes/my._index.tsx: a signed-in complainant's list of their complaints.
export default defineMessages_({
  en: {
    "mycomplaints.title": "My complaints",
    "mycomplaints.hello": "Hello {name}. Here are the complaints you have made.",
    "mycomplaints.yourData": "<link>Your data</link>: download everything we hold about you, or ask us to erase your account.",
    "mycomplaints.none": "You have no complaints with us. <link>Make a complaint</link>",
    "mycomplaints.col.reference": "Reference",
    "mycomplaints.col.with": "With",
    "mycomplaints.col.status": "Where it stands",
    "mycomplaints.col.nextDeadline": "Next deadline",
    "mycomplaints.col.madeOn": "Made on",
    "mycomplaints.date": "{date, date, day}",
    "mycomplaints.status": "{status, select, awaiting_acknowledgement {Waiting for acknowledgement} in_progress {In progress} awaiting_complainant {Waiting for the complainant's reply} answered {Answered} resolved {Resolved} withdrawn {Withdrawn} other {Closed}}",
  },
  de: {
    "mycomplaints.title": "Meine Beschwerden",
    "mycomplaints.hello": "Guten Tag, {name}. Hier sehen Sie die Beschwerden, die Sie eingereicht haben.",
    "mycomplaints.yourData": "<link>Ihre Daten</link>: Laden Sie alles herunter, was wir über Sie gespeichert haben, oder bitten Sie uns, Ihr Konto zu löschen.",
    "mycomplaints.none": "Sie haben keine Beschwerden bei uns. <link>Beschwerde einreichen</link>",
    "mycomplaints.col.reference": "Aktenzeichen",
    "mycomplaints.col.with": "Bei",
    "mycomplaints.col.status": "Stand",
    "mycomplaints.col.nextDeadline": "Nächste Frist",
    "mycomplaints.col.madeOn": "Eingereicht am",
    "mycomplaints.date": "{date, date, day}",
    "mycomplaints.status": "{status, select, awaiting_acknowledgement {Wartet auf Eingangsbestätigung} in_progress {In Bearbeitung} awaiting_complainant {Wartet auf Ihre Antwort} answered {Beantwortet} resolved {Gelöst} withdrawn {Zurückgezogen} other {Abgeschlossen}}",
  },
  fr: {
    "mycomplaints.title": "Mes plaintes",
    "mycomplaints.hello": "Bonjour {name}. Voici les plaintes que vous avez déposées.",
    "mycomplaints.yourData": "<link>Vos données</link> : téléchargez tout ce que nous détenons à votre sujet, ou demandez-nous d’effacer votre compte.",
    "mycomplaints.none": "Vous n’avez aucune plainte auprès de nous. <link>Déposer une plainte</link>",
    "mycomplaints.col.reference": "Référence",
    "mycomplaints.col.with": "Auprès de",
    "mycomplaints.col.status": "Où en est-elle",
    "mycomplaints.col.nextDeadline": "Prochaine échéance",
    "mycomplaints.col.madeOn": "Déposée le",
    "mycomplaints.date": "{date, date, day}",
    "mycomplaints.status": "{status, select, awaiting_acknowledgement {En attente d’accusé de réception} in_progress {En cours} awaiting_complainant {En attente de votre réponse} answered {Réponse donnée} resolved {Résolue} withdrawn {Retirée} other {Clôturée}}",
  },
});
