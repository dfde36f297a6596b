import { defineMessages_ } from "../define";

// A form with files refused (app/lib/uploads.server.ts), worded for the complainant: the public
// form and the case page. {size} and {max} arrive written out ("2.5 MB", "2,5 MB").
export default defineMessages_({
  en: {
    "uploads.unreadable": "The form could not be read. Nothing was saved. Please try again.",
    "uploads.controlCharacter": "The form contains a control character (such as a NUL byte), which text cannot contain. Nothing was saved.",
    "uploads.tooManyFiles": "Send at most {max, number} files with one message. Nothing was saved.",
    "uploads.totalTooBig": "The files together are larger than {max}. Nothing was saved.",
    "uploads.empty": "\"{name}\" is empty. Nothing was saved.",
    "uploads.tooBig": "\"{name}\" is {size}; a file may be at most {max}. Nothing was saved.",
    "uploads.type": "\"{name}\" is not a file type we accept. Please send a PDF, PNG, JPEG, plain text, Word (DOCX, DOC), Excel (XLSX, XLS) or OpenDocument text (ODT) file. Nothing was saved.",
  },
  de: {
    "uploads.unreadable": "Das Formular konnte nicht gelesen werden. Es wurde nichts gespeichert. Bitte versuchen Sie es erneut.",
    "uploads.controlCharacter": "Das Formular enthält ein Steuerzeichen (etwa ein NUL-Byte), das in Text nicht vorkommen darf. Es wurde nichts gespeichert.",
    "uploads.tooManyFiles": "Senden Sie höchstens {max, number} Dateien mit einer Nachricht. Es wurde nichts gespeichert.",
    "uploads.totalTooBig": "Die Dateien sind zusammen größer als {max}. Es wurde nichts gespeichert.",
    "uploads.empty": "„{name}“ ist leer. Es wurde nichts gespeichert.",
    "uploads.tooBig": "„{name}“ ist {size} groß; eine Datei darf höchstens {max} groß sein. Es wurde nichts gespeichert.",
    "uploads.type": "„{name}“ hat einen Dateityp, den wir nicht annehmen. Bitte senden Sie eine PDF-, PNG-, JPEG-, Text-, Word- (DOCX, DOC), Excel- (XLSX, XLS) oder OpenDocument-Textdatei (ODT). Es wurde nichts gespeichert.",
  },
  fr: {
    "uploads.unreadable": "Le formulaire n’a pas pu être lu. Rien n’a été enregistré. Veuillez réessayer.",
    "uploads.controlCharacter": "Le formulaire contient un caractère de contrôle (comme un octet NUL), qu’un texte ne peut pas contenir. Rien n’a été enregistré.",
    "uploads.tooManyFiles": "Envoyez au plus {max, number} fichiers par message. Rien n’a été enregistré.",
    "uploads.totalTooBig": "Les fichiers dépassent ensemble {max}. Rien n’a été enregistré.",
    "uploads.empty": "« {name} » est vide. Rien n’a été enregistré.",
    "uploads.tooBig": "« {name} » fait {size} ; un fichier peut faire au plus {max}. Rien n’a été enregistré.",
    "uploads.type": "Nous n’acceptons pas le type de fichier de « {name} ». Veuillez envoyer un fichier PDF, PNG, JPEG, texte brut, Word (DOCX, DOC), Excel (XLSX, XLS) ou texte OpenDocument (ODT). Rien n’a été enregistré.",
  },
});
