import { defineMessages_ } from "../define";

// app/routes/auth.link.tsx: the page a sign-in link opens (one button, so mail scanners use nothing up).
export default defineMessages_({
  en: {
    "signinlink.meta.title": "Sign in",
    "signinlink.title": "Sign in to follow your complaint",
    "signinlink.continue": "Continue",
    "signinlink.invalid": "This sign-in link is not valid. Ask for a new one on the sign-in page.",
  },
  de: {
    "signinlink.meta.title": "Anmelden",
    "signinlink.title": "Anmelden, um Ihre Beschwerde zu verfolgen",
    "signinlink.continue": "Weiter",
    "signinlink.invalid": "Dieser Anmeldelink ist nicht gültig. Fordern Sie auf der Anmeldeseite einen neuen an.",
  },
  fr: {
    "signinlink.meta.title": "Connexion",
    "signinlink.title": "Se connecter pour suivre votre plainte",
    "signinlink.continue": "Continuer",
    "signinlink.invalid": "Ce lien de connexion n’est pas valide. Demandez-en un nouveau sur la page de connexion.",
  },
});
