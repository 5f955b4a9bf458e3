namespace Consortium.Fl.Validation;

/// <summary>Why an update was left out of a round.</summary>
public enum UpdateRejectionReason
{
    /// <summary>The bytes are not a model this build can read.</summary>
    Malformed,

    /// <summary>A model, but of another architecture than the global model.</summary>
    ArchitectureMismatch,

    /// <summary>The parameters are not 32-bit floats (e.g. 64-bit values in place of 32-bit ones).</summary>
    DataTypeMismatch,

    /// <summary>The parameter count differs from the global model's.</summary>
    ShapeMismatch,

    /// <summary>A parameter is NaN or infinite.</summary>
    NonFinite,

    /// <summary>The update's distance to the global model exceeds the configured bound.</summary>
    NormAboveBound,

    /// <summary>The update claims no training samples.</summary>
    NoSamples,

    /// <summary>The member already sent an update this round.</summary>
    DuplicateMember,
}
