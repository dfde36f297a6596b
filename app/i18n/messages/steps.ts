import { defineMessages_ } from "../define";

// The ONE table of the recourse ladder's steps (ADR 034): every page, mail and domain sentence
// names a step through these keys, in the ladder's order (STAGES in app/domain/types.ts gives the
// id and the number). `name` is the step's name, used alone ("Step 2 of 4: Our Security Officer");
// `who` is who answers at that step, used mid-sentence ("waiting for our Security Officer").
const steps = defineMessages_({
  en: {
    "steps.client.name": "Client company",
    "steps.client.who": "the client company",
    "steps.company.name": "Our Security Officer",
    "steps.company.who": "our Security Officer",
    "steps.dma.name": "Independent dispute body",
    "steps.dma.who": "the independent dispute body",
    "steps.arbitration.name": "Binding arbitration",
    "steps.arbitration.who": "the arbitration panel",
    "steps.numbered": "Step {number} of {total}: {name}",
  },
  de: {
    "steps.client.name": "Kundenunternehmen",
    "steps.client.who": "das Kundenunternehmen",
    "steps.company.name": "Unser Sicherheitsbeauftragter",
    "steps.company.who": "unser Sicherheitsbeauftragter",
    "steps.dma.name": "Unabhängige Streitbeilegungsstelle",
    "steps.dma.who": "die unabhängige Streitbeilegungsstelle",
    "steps.arbitration.name": "Verbindliches Schiedsverfahren",
    "steps.arbitration.who": "das Schiedsgericht",
    "steps.numbered": "Schritt {number} von {total}: {name}",
  },
  fr: {
    "steps.client.name": "Entreprise cliente",
    "steps.client.who": "l’entreprise cliente",
    "steps.company.name": "Notre responsable de la sécurité",
    "steps.company.who": "notre responsable de la sécurité",
    "steps.dma.name": "Organisme indépendant de règlement des litiges",
    "steps.dma.who": "l’organisme indépendant de règlement des litiges",
    "steps.arbitration.name": "Arbitrage contraignant",
    "steps.arbitration.who": "le tribunal arbitral",
    "steps.numbered": "Étape {number} sur {total} : {name}",
  },
});

export default steps;
