import { defineMessages_ } from "../define";

// app/routes/signin.tsx: a complainant asks for a sign-in link.
export default defineMessages_({
  en: {
    "signin.title": "Follow your complaint",
    "signin.sent": "If we have a complaint from that address, we have sent it a sign-in link. It works once and expires after 30 minutes.",
    "signin.intro": "You do not need a password. Enter the e-mail address you used for your complaint and we will send you a sign-in link.",
    "signin.expired": "That sign-in link has expired or was already used. Ask for a new one here.",
    "signin.email": "Email",
    "signin.submit": "Send me a sign-in link",
    "signin.throttled": "We have had many requests from your connection. Please try again in {minutes, plural, one {a minute} other {# minutes}}.",
  },
  de: {
    "signin.title": "Ihre Beschwerde verfolgen",
    "signin.sent": "Wenn wir eine Beschwerde von dieser Adresse haben, haben wir ihr einen Anmeldelink geschickt. Er funktioniert einmal und läuft nach 30 Minuten ab.",
    "signin.intro": "Sie brauchen kein Passwort. Geben Sie die E-Mail-Adresse ein, die Sie für Ihre Beschwerde verwendet haben, und wir schicken Ihnen einen Anmeldelink.",
    "signin.expired": "Dieser Anmeldelink ist abgelaufen oder wurde bereits verwendet. Fordern Sie hier einen neuen an.",
    "signin.email": "E-Mail",
    "signin.submit": "Anmeldelink senden",
    "signin.throttled": "Wir haben viele Anfragen von Ihrer Verbindung erhalten. Bitte versuchen Sie es in {minutes, plural, one {einer Minute} other {# Minuten}} erneut.",
  },
  fr: {
    "signin.title": "Suivre votre plainte",
    "signin.sent": "Si nous avons une plainte provenant de cette adresse, nous lui avons envoyé un lien de connexion. Il ne fonctionne qu’une fois et expire au bout de 30 minutes.",
    "signin.intro": "Vous n’avez pas besoin de mot de passe. Saisissez l’adresse e-mail utilisée pour votre plainte et nous vous enverrons un lien de connexion.",
    "signin.expired": "Ce lien de connexion a expiré ou a déjà été utilisé. Demandez-en un nouveau ici.",
    "signin.email": "E-mail",
    "signin.submit": "M’envoyer un lien de connexion",
    "signin.throttled": "Nous avons reçu de nombreuses demandes depuis votre connexion. Veuillez réessayer dans {minutes, plural, one {une minute} other {# minutes}}.",
  },
});
