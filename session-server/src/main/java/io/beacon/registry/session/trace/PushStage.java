package io.beacon.registry.session.trace;

/**
 * The stages of a push that are timed, each with its own latency histogram. The first three happen
 * once per fetched datum, the last three once per pushed frame (one frame carries every subscriber
 * of a connection that gets the same view).
 */
public enum PushStage {
  /** The session accepted the publish -> the data leader issued the datum version (wall clocks). */
  ACCEPTED_TO_CHANGE("acceptedToChange"),
  /** The data leader issued the version -> its change notice reached this session (wall clocks). */
  CHANGE_TO_NOTICE("changeToNotice"),
  /** The notice reached this session -> the datum came back from the leader. */
  NOTICE_TO_FETCHED("noticeToFetched"),
  /** The datum came back -> its frame was serialized and handed to the client's connection. */
  FETCHED_TO_SENT("fetchedToSent"),
  /** The frame was handed to the connection -> the client acknowledged it. */
  SENT_TO_ACKED("sentToAcked"),
  /** End to end: the data leader issued the version -> the client acknowledged it. */
  CHANGE_TO_ACKED("changeToAcked");

  private final String key;

  PushStage(String key) {
    this.key = key;
  }

  /** The stage's name in JSON and in the metric's {@code stage} tag. */
  public String key() {
    return key;
  }
}
