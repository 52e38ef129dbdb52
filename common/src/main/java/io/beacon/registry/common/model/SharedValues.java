package io.beacon.registry.common.model;

import com.google.common.collect.Interner;
import com.google.common.collect.Interners;

/**
 * One shared instance per distinct value of the fields that many publishers repeat (dataInfoIds,
 * zones, app names, connect ids, session process ids), so that a server holding a hundred thousand
 * publishers of a few thousand dataIds keeps each such string once. Weak: a value no publisher
 * refers to any more is collected. Thread-safe.
 */
final class SharedValues {

  private static final Interner<String> WORDS = Interners.newWeakInterner();
  private static final Interner<ProcessId> PROCESS_IDS = Interners.newWeakInterner();

  private SharedValues() {}

  /** The shared instance equal to {@code word}; null stays null. */
  static String word(String word) {
    return word == null ? null : WORDS.intern(word);
  }

  /** The shared instance equal to {@code processId}; null stays null. */
  static ProcessId processId(ProcessId processId) {
    return processId == null ? null : PROCESS_IDS.intern(processId);
  }
}
