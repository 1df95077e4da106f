// The IOA Uniform Reporting Categories (International Ombuds Association), the field's shared
// vocabulary for reporting trends: nine categories and their subcategories, coded as case tag
// records carry them (docs/protocol/v2.md section 12): "2" for a category, "2.h" for one of its
// subcategories. Names in English and French (our own translation). Data only, DOM-free.

const C = (code, en, fr, subs) => ({
  code,
  en,
  fr,
  subs: subs.map(([letter, subEn, subFr]) => ({ code: `${code}.${letter}`, category: code, en: subEn, fr: subFr })),
});

export const CATEGORIES = Object.freeze([
  C("1", "Compensation & Benefits", "Rémunération et avantages sociaux", [
    ["a", "Compensation", "Rémunération"],
    ["b", "Payroll", "Paie"],
    ["c", "Benefits", "Avantages sociaux"],
    ["d", "Retirement, Pension", "Retraite, pension"],
    ["e", "Other", "Autre"],
  ]),
  C("2", "Evaluative Relationships", "Relations hiérarchiques et d'évaluation", [
    ["a", "Priorities, Values, Beliefs", "Priorités, valeurs, convictions"],
    ["b", "Respect/Treatment", "Respect, façon d'être traité"],
    ["c", "Trust/Integrity", "Confiance, intégrité"],
    ["d", "Reputation", "Réputation"],
    ["e", "Communication", "Communication"],
    ["f", "Bullying, Mobbing", "Intimidation, harcèlement moral collectif"],
    ["g", "Diversity-Related", "Diversité"],
    ["h", "Retaliation", "Représailles"],
    ["i", "Physical Violence", "Violence physique"],
    ["j", "Assignments/Schedules", "Affectations, horaires"],
    ["k", "Feedback", "Retours sur le travail"],
    ["l", "Consultation", "Demande de conseil"],
    ["m", "Performance Appraisal/Grading", "Évaluation du rendement, notation"],
    ["n", "Departmental Climate", "Climat du service"],
    ["o", "Supervisory Effectiveness", "Efficacité de l'encadrement"],
    ["p", "Insubordination", "Insubordination"],
    ["q", "Discipline", "Mesures disciplinaires"],
    ["r", "Equity of Treatment", "Équité de traitement"],
    ["s", "Other", "Autre"],
  ]),
  C("3", "Peer and Colleague Relationships", "Relations entre pairs et collègues", [
    ["a", "Priorities, Values, Beliefs", "Priorités, valeurs, convictions"],
    ["b", "Respect/Treatment", "Respect, façon d'être traité"],
    ["c", "Trust/Integrity", "Confiance, intégrité"],
    ["d", "Reputation", "Réputation"],
    ["e", "Communication", "Communication"],
    ["f", "Bullying, Mobbing", "Intimidation, harcèlement moral collectif"],
    ["g", "Diversity-Related", "Diversité"],
    ["h", "Retaliation", "Représailles"],
    ["i", "Physical Violence", "Violence physique"],
    ["j", "Other", "Autre"],
  ]),
  C("4", "Career Progression and Development", "Carrière et développement professionnel", [
    ["a", "Job Application/Selection and Recruitment Processes", "Candidatures, sélection et recrutement"],
    ["b", "Job Classification and Description", "Classification et description des postes"],
    ["c", "Involuntary Transfer/Change of Assignment", "Mutation ou changement d'affectation imposés"],
    ["d", "Tenure/Position Security/Ambiguity", "Permanence, sécurité ou flou du poste"],
    ["e", "Career Progression", "Avancement"],
    ["f", "Rotation and Duration of Assignment", "Rotation et durée des affectations"],
    ["g", "Resignation", "Démission"],
    ["h", "Termination/Non-Renewal", "Licenciement, non-renouvellement"],
    ["i", "Re-employment of Former or Retired Staff", "Réembauche d'anciens employés ou de retraités"],
    ["j", "Position Elimination", "Suppression de poste"],
    ["k", "Career Development, Coaching, Mentoring", "Développement de carrière, accompagnement, mentorat"],
    ["l", "Other", "Autre"],
  ]),
  C("5", "Legal, Regulatory, Financial and Compliance", "Questions juridiques, réglementaires, financières et de conformité", [
    ["a", "Criminal Activity", "Activité criminelle"],
    ["b", "Business and Financial Practices", "Pratiques commerciales et financières"],
    ["c", "Harassment", "Harcèlement"],
    ["d", "Discrimination", "Discrimination"],
    ["e", "Disability, Temporary or Permanent, Reasonable Accommodation", "Handicap temporaire ou permanent, aménagements raisonnables"],
    ["f", "Accessibility", "Accessibilité"],
    ["g", "Intellectual Property Rights", "Droits de propriété intellectuelle"],
    ["h", "Privacy and Security of Information", "Vie privée et sécurité de l'information"],
    ["i", "Property Damage", "Dommages aux biens"],
    ["j", "Other", "Autre"],
  ]),
  C("6", "Safety, Health, and Physical Environment", "Sécurité, santé et environnement physique", [
    ["a", "Safety", "Sécurité"],
    ["b", "Physical Working/Living Conditions", "Conditions matérielles de travail ou de vie"],
    ["c", "Ergonomics", "Ergonomie"],
    ["d", "Cleanliness", "Propreté"],
    ["e", "Security", "Sûreté"],
    ["f", "Telework/Flexplace", "Télétravail, lieu de travail flexible"],
    ["g", "Safety Equipment", "Équipements de sécurité"],
    ["h", "Environmental Policies", "Politiques environnementales"],
    ["i", "Work Related Stress and Work-Life Balance", "Stress lié au travail, équilibre vie professionnelle et vie privée"],
    ["j", "Other", "Autre"],
  ]),
  C("7", "Services/Administrative Issues", "Services et questions administratives", [
    ["a", "Quality of Services", "Qualité des services"],
    ["b", "Responsiveness/Timeliness", "Réactivité, délais"],
    ["c", "Administrative Decisions and Interpretation/Application of Rules", "Décisions administratives, interprétation et application des règles"],
    ["d", "Behavior of Service Provider(s)", "Comportement des prestataires"],
    ["e", "Other", "Autre"],
  ]),
  C("8", "Organizational, Strategic, and Mission Related", "Organisation, stratégie et mission", [
    ["a", "Strategic and Mission-Related/Strategic and Technical Management", "Stratégie et mission, pilotage stratégique et technique"],
    ["b", "Leadership and Management", "Direction et management"],
    ["c", "Use of Positional Power/Authority", "Usage du pouvoir ou de l'autorité attachés au poste"],
    ["d", "Communication", "Communication"],
    ["e", "Restructuring and Relocation", "Restructuration et déménagement"],
    ["f", "Organizational Climate", "Climat de l'organisation"],
    ["g", "Change Management", "Conduite du changement"],
    ["h", "Priority Setting and/or Funding", "Choix des priorités, financement"],
    ["i", "Data, Methodology, Interpretation of Results", "Données, méthodes, interprétation des résultats"],
    ["j", "Interdepartment/Interorganization Work/Territory", "Travail et territoires entre services ou organisations"],
    ["k", "Other", "Autre"],
  ]),
  C("9", "Values, Ethics, and Standards", "Valeurs, éthique et normes", [
    ["a", "Standards of Conduct", "Règles de conduite"],
    ["b", "Values and Culture", "Valeurs et culture"],
    ["c", "Scientific Conduct/Integrity", "Conduite et intégrité scientifiques"],
    ["d", "Policies and Procedures Not Covered in Categories 1 to 8", "Politiques et procédures hors des catégories 1 à 8"],
    ["e", "Other", "Autre"],
  ]),
]);

const BY_CODE = new Map(CATEGORIES.flatMap((c) => [[c.code, c], ...c.subs.map((s) => [s.code, s])]));

/** The category or subcategory of a code, or undefined. */
export function byCode(code) {
  return BY_CODE.get(code);
}

/** A code's name in `lang` ("en" or "fr"), with its code: "2.h Retaliation"; an unknown code as itself. */
export function nameOf(code, lang = "en") {
  const entry = BY_CODE.get(code);
  return entry ? `${code} ${entry[lang]}` : code;
}

/** The category a code belongs to ("2" for "2.h" and for "2"). */
export function categoryOf(code) {
  return code.split(".")[0];
}

/** Codes in the list's order (categories by number, subcategories by letter); unknown codes last. */
export function sortCodes(codes) {
  const order = [...BY_CODE.keys()];
  const rank = (c) => (order.includes(c) ? order.indexOf(c) : order.length);
  return [...codes].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The categories whose name, code or a subcategory's matches `text` (case and accents ignored,
 * either language), each with the subcategories that match (all of them when the category does).
 */
export function filterCategories(text) {
  const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const wanted = fold(text.trim());
  if (!wanted) return CATEGORIES.map((c) => ({ ...c }));
  const hit = (e) => [e.code, e.en, e.fr].some((s) => fold(s).includes(wanted));
  const out = [];
  for (const c of CATEGORIES) {
    const subs = hit(c) ? c.subs : c.subs.filter(hit);
    if (subs.length || hit(c)) out.push({ ...c, subs });
  }
  return out;
}
