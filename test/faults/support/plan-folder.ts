/**
 * A plans folder with one chat plan, `fault-chat`, shaped like the engine tests' sample: 60
 * minutes, four questions, a live poll and an anonymous one that allows two options (labels
 * are distinct words, so a vote reply can be read back).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The plan file's text; `channel` is written when given. */
export function faultPlanYaml(channel?: string): string {
  return `id: fault-chat
title: { en: "Mental health at work", fr: "La santé mentale au travail" }
languages: [en, fr]
${channel ? `channel: "${channel}"\n` : ''}timezone: America/Toronto
duration: 60m
hashtag: "#LeadersGC"
host: { name: "Jane Doe", title: { en: "Deputy Minister", fr: "Sous-ministre" } }
questions:
  - { text: { en: "Question 1?", fr: "Question 1 ?" }, at: 5m }
  - { text: { en: "Question 2?", fr: "Question 2 ?" }, at: 15m }
  - { text: { en: "Question 3?", fr: "Question 3 ?" }, at: 25m }
  - { text: { en: "Question 4?", fr: "Question 4 ?" }, at: 40m }
polls:
  - question: { en: "How often?", fr: "À quelle fréquence ?" }
    options: [{ en: "Weekly", fr: "Chaque semaine" }, { en: "Rarely", fr: "Rarement" }, { en: "Never", fr: "Jamais" }]
    at: 10m
    closes: 30m
  - question: { en: "Pick two", fr: "Choisissez-en deux" }
    options: [{ en: "Alpha", fr: "Alpha" }, { en: "Bravo", fr: "Bravo" }, { en: "Charlie", fr: "Charlie" }]
    at: 20m
    multiple: 2
    anonymous: true
    results: hidden
`;
}

/** A new folder holding `fault-chat.yaml`; returns the folder. */
export function faultPlanFolder(channel?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-plans-'));
  writeFileSync(path.join(dir, 'fault-chat.yaml'), faultPlanYaml(channel));
  return dir;
}
