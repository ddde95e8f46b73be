package dev.amb;

/**
 * The responding agent failed: its handler threw, or it replied with an error.
 *
 * @since 0.1.0
 */
public class RemoteAgentException extends AmbException {

    private static final long serialVersionUID = 1L;

    private final String remoteErrorType;

    private final String remoteMessage;

    private final String responder;

    /**
     * Creates the exception from an error reply.
     * @param remoteErrorType the class name of the remote exception
     * @param remoteMessage the remote exception's message (may be {@code null})
     * @param responder the id of the agent that replied (may be {@code null})
     */
    public RemoteAgentException(String remoteErrorType, String remoteMessage, String responder) {
        super("Remote agent " + (responder != null ? "'" + responder + "' " : "") + "failed with " + remoteErrorType
                + (remoteMessage != null ? ": " + remoteMessage : ""));
        this.remoteErrorType = remoteErrorType;
        this.remoteMessage = remoteMessage;
        this.responder = responder;
    }

    /** @return the fully qualified class name of the exception the responder threw */
    public String remoteErrorType() {
        return remoteErrorType;
    }

    /** @return the message of the responder's exception, or {@code null} */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** @return the agent id of the responder, or {@code null} when unknown */
    public String responder() {
        return responder;
    }
}
