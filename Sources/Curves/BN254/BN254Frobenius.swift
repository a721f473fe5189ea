extension BN254 {
    /// Constants of the Frobenius endomorphism on the tower, in Montgomery form:
    /// v·(p^k) = ξ^((p^k − 1)/3)·v, v²·(p^k) = ξ^(2(p^k − 1)/3)·v², w·(p^k) = ξ^((p^k − 1)/6)·w.
    /// Computed once with a Python script from ξ = 9 + u; the G2 endomorphism ψ reuses the k = 1
    /// values (x multiplier ξ^((p−1)/3), y multiplier ξ^((p−1)/2)).
    enum Frobenius {
        static let v1 = Fp2(Fp(0xb577_3b10_4563_ab30, 0x347f_91c8_a9aa_6454, 0x7a00_7127_242e_0991, 0x1956_bcd8_1182_14ec),
                            Fp(0x6e84_9f1e_a0aa_4757, 0xaa1c_7b6d_89f8_9141, 0xb6e7_13cd_fae0_ca3a, 0x2669_4fbb_4e82_ebc3))
        static let v2 = Fp2(Fp(0x7361_d77f_843a_be92, 0xa5bb_2bd3_2734_11fb, 0x9c94_1f31_4b3e_2399, 0x15df_9cdd_bb9f_d3ec),
                            Fp(0x5ddd_fd15_4bd8_c949, 0x62cb_29a5_a444_5b60, 0x37bc_870a_0c7d_d2b9, 0x2483_0a9d_3171_f0fd))
        static let w1 = Fp2(Fp(0xaf9b_a696_3314_4907, 0xca6b_1d73_87af_b78a, 0x11bd_ed5e_f08a_2087, 0x02f3_4d75_1a1f_3a7c),
                            Fp(0xa222_ae23_4c49_2d72, 0xd00f_02a4_565d_e15b, 0xdc2f_f3a2_53df_c926, 0x10a7_5716_b389_9551))
        static let v1Squared = Fp2(Fp(0x3350_c88e_13e8_0b9c, 0x7dce_557c_db5e_56b9, 0x6001_b4b8_b615_564a, 0x2682_e617_0202_17e0), .zero)
        static let v2Squared = Fp2(Fp(0x7193_0c11_d782_e155, 0xa6bb_947c_ffbe_3323, 0xaa30_3344_d474_1444, 0x2c3b_3f0d_2659_4943), .zero)
        static let w2 = Fp2(Fp(0xca8d_8005_00fa_1bf2, 0xf0c5_d614_68b3_9769, 0x0e20_1271_ad0d_4418, 0x0429_0f65_bad8_56e6), .zero)
        static let v1Cubed = Fp2(Fp(0xc9af_22f7_16ad_6bad, 0xb311_782a_4aa6_62b2, 0x19ee_af64_e248_c7f4, 0x2027_3e77_e343_9f82),
                                 Fp(0xacc0_2860_f7ce_93ac, 0x3933_d581_7ba7_6b4c, 0x69e6_188b_446c_8467, 0x0a46_036d_4417_cc55))
        static let v2Cubed = Fp2(Fp(0x448a_93a5_7b67_62df, 0xbfd6_2df5_28fd_eadf, 0xd858_f5d0_0e9b_d47a, 0x06b0_3d4d_3476_ec58),
                                 Fp(0x2b19_daf4_bcc9_36d1, 0xa1a5_4e7a_56f4_299f, 0xb533_eee0_5ade_aef1, 0x170c_812b_84dd_a0b2))
        static let w3 = Fp2(Fp(0x3653_1618_4e46_d97d, 0x0af7_129e_d4c9_6d9f, 0x659d_a72f_ca10_09b5, 0x0811_6d89_83a2_0d23),
                            Fp(0xb1df_4af7_c39c_1939, 0x3d9f_0287_8a73_bf7f, 0x9b22_2092_8caf_0ae0, 0x2668_4515_eff0_54a6))
        /// ξ^((p − 1)/2), the y multiplier of ψ on the twist.
        static let psiY = Fp2(Fp(0xe4bb_dd0c_2936_b629, 0xbb30_f162_e133_bacb, 0x31a9_d1b6_f964_5366, 0x2535_70be_a500_f8dd),
                              Fp(0xa1d7_7ce4_5ffe_77c7, 0x07af_fd11_7826_d1db, 0x6d16_bd27_bb7e_dc6b, 0x2c87_2002_85de_fecc))
    }
}
